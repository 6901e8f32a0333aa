// Probe (not part of the build): two threads run a q8-shaped decode loop (int8 -> float, scale, FMA) over 1 GiB,
// mode 0 = plain streaming sum, mode 1 = the q8 loop; second argument: software prefetch distance in bytes
// (0 = none). Build: gcc -O3 -march=native -fopenmp q8-prefetch.c -o q8 && ./q8 1 8192
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <omp.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
#define SZ (1L<<30)
int main(int argc,char**argv){
  int mode=atoi(argv[1]); long pfd=atol(argv[2]);
  signed char* w=aligned_alloc(4096,SZ); memset(w,1,SZ);
  float x[512]; for(int i=0;i<512;i++) x[i]=0.001f*i;
  float res[2]={0};
  for(int rep=0;rep<4;rep++){
  double t=now();
  #pragma omp parallel num_threads(2)
  {
    int id=omp_get_thread_num(); long per=SZ/2; signed char* p=w+id*per;
    __m512 a0=_mm512_setzero_ps(), a1=a0; __m512i s=_mm512_setzero_si512();
    __m512 d=_mm512_set1_ps(0.01f);
    for(long o=0;o<per;o+=1024){
      if(pfd>0) for(int k=0;k<1024;k+=64) _mm_prefetch((const char*)p+o+pfd+k,_MM_HINT_T0);
      if(mode==0){ for(int k=0;k<1024;k+=64) s=_mm512_add_epi64(s,_mm512_load_si512(p+o+k)); }
      else for(int e=0;e<32;e++){
        __m512 xv=_mm512_loadu_ps(x+e*16);
        __m512 w0=_mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_load_si128((__m128i*)(p+o+e*16))));
        __m512 w1=_mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_load_si128((__m128i*)(p+o+512+e*16))));
        a0=_mm512_fmadd_ps(_mm512_mul_ps(w0,d),xv,a0);
        a1=_mm512_fmadd_ps(_mm512_mul_ps(w1,d),xv,a1);
      }
    }
    res[id]+=_mm512_reduce_add_ps(a0)+_mm512_reduce_add_ps(a1)+_mm512_reduce_add_epi64(s);
  }
  t=now()-t;
  printf("mode %d pf %ld: %.1f GB/s\n",mode,pfd,SZ/t/1e9);
  }
  return res[0]>1e30;
}
