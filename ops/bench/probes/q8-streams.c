// Probe (not part of the build): the q8-shaped decode loop of q8-prefetch.c with each thread walking S regions
// of its slice interleaved 1 KiB at a time (S memory streams in flight). Build: gcc -O3 -march=native -fopenmp
// q8-streams.c -o q8s && ./q8s 4
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <omp.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
#define SZ (1L<<30)
int main(int argc,char**argv){
  int S=atoi(argv[1]); int th=argc>2?atoi(argv[2]):2;
  signed char* w=aligned_alloc(4096,SZ); memset(w,1,SZ);
  float x[512]; for(int i=0;i<512;i++) x[i]=0.001f*i;
  float res[2]={0};
  for(int rep=0;rep<3;rep++){
  double t=now();
  #pragma omp parallel num_threads(th)
  {
    int id=omp_get_thread_num(); long per=SZ/th; signed char* base=w+id*per;
    long sper=per/S;
    __m512 a0=_mm512_setzero_ps(), a1=a0;
    __m512 d=_mm512_set1_ps(0.01f);
    for(long o=0;o<sper;o+=1024) for(int s=0;s<S;s++){ signed char*p=base+s*sper;
      for(int e=0;e<32;e++){
        __m512 xv=_mm512_loadu_ps(x+e*16);
        __m512 w0=_mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_load_si128((__m128i*)(p+o+e*16))));
        __m512 w1=_mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_load_si128((__m128i*)(p+o+512+e*16))));
        a0=_mm512_fmadd_ps(_mm512_mul_ps(w0,d),xv,a0);
        a1=_mm512_fmadd_ps(_mm512_mul_ps(w1,d),xv,a1);
      }}
    res[id%2]+=_mm512_reduce_add_ps(a0)+_mm512_reduce_add_ps(a1);
  }
  t=now()-t;
  printf("streams %d: %.1f GB/s\n",S,SZ/t/1e9);
  }
  return res[0]>1e30;
}
